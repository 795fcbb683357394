import express, { Router } from 'express';
import { join } from 'node:path';

/** /vendor/…: the modeler's and the form builder's style sheets, from their packages (formio's are formio-assets.ts). */
export function vendorRoutes(modules: string): Router {
  const router = Router();
  router.use('/vendor/bpmn-js', express.static(join(modules, 'bpmn-js', 'dist', 'assets')));
  router.use('/vendor/properties-panel', express.static(join(modules, '@bpmn-io', 'properties-panel', 'dist', 'assets')));
  router.use('/vendor/element-templates', express.static(join(modules, 'bpmn-js-element-templates', 'dist', 'assets')));
  router.use('/vendor/element-template-chooser', express.static(join(modules, '@bpmn-io', 'element-template-chooser', 'dist')));
  router.use('/vendor/bpmnlint', express.static(join(modules, 'bpmn-js-bpmnlint', 'dist', 'assets', 'css')));
  router.use('/vendor/dmn-js', express.static(join(modules, 'dmn-js', 'dist', 'assets')));
  router.use('/vendor/bootstrap', express.static(join(modules, 'bootstrap', 'dist', 'css')));
  return router;
}
