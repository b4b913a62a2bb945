import { widgetStencilConfig } from '../stencil.shared';

export const config = widgetStencilConfig('__NAMESPACE__');
