// Types of the parts of d3-dsv and d3-hierarchy the workspace uses (installed with d3, no @types package here).
declare module "d3-dsv" {
  export function csvFormatRows(rows: readonly (readonly unknown[])[]): string;
}
declare module "d3-hierarchy" {
  export interface HierarchyRectangularNode<T> {
    data: T;
    depth: number;
    value?: number;
    x0: number;
    x1: number;
    y0: number;
    y1: number;
    parent: HierarchyRectangularNode<T> | null;
    children?: HierarchyRectangularNode<T>[];
    descendants(): HierarchyRectangularNode<T>[];
    ancestors(): HierarchyRectangularNode<T>[];
  }
  export interface HierarchyNode<T> {
    sum(value: (d: T) => number): this;
    sort(compare: (a: HierarchyNode<T> & { value?: number }, b: HierarchyNode<T> & { value?: number }) => number): this;
  }
  export function hierarchy<T>(data: T, children?: (d: T) => readonly T[] | undefined): HierarchyNode<T>;
  export interface PartitionLayout<T> {
    size(size: [number, number]): this;
    (root: HierarchyNode<T>): HierarchyRectangularNode<T>;
  }
  export function partition<T>(): PartitionLayout<T>;
}
