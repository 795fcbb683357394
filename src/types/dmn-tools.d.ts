// The CommonJS build of dmn-moddle 11 (installed as dmn-moddle-cjs): no types that NodeNext resolves here.
declare module 'dmn-moddle-cjs' {
  export default class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: any; warnings: Array<{ message: string }> }>;
  }
}
