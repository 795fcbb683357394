// The bpmn-js plugins the flow modeler page loads (src/web/modeler-page.ts) ship no types: each
// export is a diagram-js module (a didi declaration) handed to the Modeler's additionalModules.
declare module 'bpmn-js-properties-panel' {
  type ModuleDeclaration = import('didi').ModuleDeclaration;
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export const CamundaPlatformPropertiesProviderModule: ModuleDeclaration;
}
declare module 'bpmn-js-element-templates' {
  export const ElementTemplatesPropertiesProviderModule: import('didi').ModuleDeclaration;
}
declare module '@bpmn-io/element-template-chooser' {
  const ElementTemplateChooserModule: import('didi').ModuleDeclaration;
  export default ElementTemplateChooserModule;
}
declare module 'bpmn-js-bpmnlint' {
  const lintModule: import('didi').ModuleDeclaration;
  export default lintModule;
}
// Each bpmnlint rule file exports a factory of { check(node, reporter) }, which the page's lint
// resolver hands back to bpmnlint untouched.
declare module 'bpmnlint/rules/*' {
  const rule: () => { check(node: unknown, reporter: { report(id: string, message: string): void }): void };
  export default rule;
}
