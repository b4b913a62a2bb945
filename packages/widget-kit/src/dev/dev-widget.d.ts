/** The widget under development: its federation entry, aliased by the dev script's bundle. */
declare module '@patchbay/dev-widget' {
  export const tagName: string;
  export function define(): void;
}
