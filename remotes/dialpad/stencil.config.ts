import { widgetStencilConfig } from '../stencil.shared';

export const config = widgetStencilConfig('pbdialpad');
