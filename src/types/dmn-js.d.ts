// dmn-js 17 ships no types: the part of its Modeler the decision table page uses.
declare module 'dmn-js/lib/Modeler' {
  export interface DmnView { type: string; element: { id: string; name?: string } }
  export interface DmnViewer {
    on(event: string, callback: (event: unknown) => void): void;
    get<T = unknown>(service: string): T;
  }
  export default class DmnModeler {
    constructor(options: Record<string, unknown>);
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: string, callback: (event: unknown) => void): void;
  }
}
