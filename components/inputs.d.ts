// Types of the parts of @observablehq/inputs the workspace uses (the package ships none).
declare module "@observablehq/inputs" {
  interface InputOptions {
    label?: string;
    value?: unknown;
    [option: string]: unknown;
  }
  export function select(data: readonly unknown[], options?: InputOptions): HTMLElement & { value: unknown };
  export function range(extent: [number, number], options?: InputOptions): HTMLElement & { value: number };
  export function radio(data: readonly unknown[], options?: InputOptions): HTMLElement & { value: unknown };
  export function checkbox(data: readonly unknown[], options?: InputOptions): HTMLElement & { value: unknown[] };
  export function form(inputs: Record<string, HTMLElement>, options?: InputOptions): HTMLElement & { value: unknown };
  export function table(data: readonly unknown[], options?: InputOptions): HTMLElement;
  export function textarea(options?: InputOptions): HTMLElement & { value: string };
}
