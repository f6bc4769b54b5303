// Types of the part of htl (Hypertext Literal) the components use (the package ships none).
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
}
