import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

// Imports run one way (docs/architecture.md, "Layers"): a folder of src may import its own files
// and the folders of the layers below it, never a folder beside it or above it. Each row is a
// layer, lowest first.
const LAYERS: string[][] = [
  ['lib', 'types'], // helpers with no business in them
  ['domain'], // pure business rules
  ['db'], // the store: models and the connection
  ['platform'], // what the processes share: engine, cases, tasks, forms, versions, config, the audit trail, award adjustments
  ['deploy', 'import', 'seed'], // jobs that load the shipped and the bank's data
  ['server', 'worker', 'cli', 'web'], // the processes and the browser bundle
  ['bench'], // the benches, which run a process's own parts (the worker's client and subscriptions) against peers
];

// Exceptions, each with its reason. The goal is an empty list.
const ALLOWED: Array<{ from: string; to: string; why: string }> = [];

const root = join(__dirname, '..', '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative module a file names: import, export … from, import(), require(), import x = require(). */
function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((specifier) => specifier.startsWith('.'));
}

/** The top folder of src a path lies in (a file directly in src is a folder of its own). */
function folderOf(path: string): string {
  const [first = ''] = relative(src, path).split(sep);
  return first.replace(/\.(ts|js)$/, '');
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((row) => row.includes(folder));
}

interface Upward {
  from: string;
  to: string;
}

/** Imports that cross into a folder of the same or a higher layer, or into a folder no layer names. */
function upwardImports(files: Array<{ path: string; text: string }>): Upward[] {
  const wrong: Upward[] = [];
  for (const { path, text } of files) {
    const from = folderOf(path);
    for (const specifier of importsOf(path, text)) {
      const target = join(dirname(path), specifier);
      const to = folderOf(target);
      if (to === from || relative(src, target).startsWith('..')) continue;
      const [own, theirs] = [layerOf(from), layerOf(to)];
      if (own < 0 || theirs < 0 || theirs >= own) wrong.push({ from: relative(root, path), to: relative(root, target).replace(/\.js$/, '') });
    }
  }
  return wrong;
}

const allowed = (edge: Upward) => ALLOWED.some((entry) => entry.from === edge.from && entry.to === edge.to);

test('every folder of src belongs to a layer', () => {
  const folders = readdirSync(src, { withFileTypes: true }).map((entry) => entry.name.replace(/\.ts$/, ''));
  expect(folders.filter((folder) => layerOf(folder) < 0)).toEqual([]);
});

test('imports in src run downwards only', () => {
  const files = sourceFiles(src).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  expect(upwardImports(files).filter((edge) => !allowed(edge))).toEqual([]);
  // An exception nobody needs any more is taken off the list.
  const all = upwardImports(files);
  expect(ALLOWED.filter((entry) => !all.some((edge) => edge.from === entry.from && edge.to === entry.to))).toEqual([]);
});

test('the check sees each kind of import, and a file beside or above its own layer', () => {
  const at = (path: string) => join(src, path);
  const files = [
    { path: at('platform/a.ts'), text: "import { x } from '../server/x';\nimport type { Y } from '../domain/y';" },
    { path: at('platform/b.ts'), text: "export * from '../worker/z';\nconst m = () => import('../deploy/d');" },
    { path: at('db/c.ts'), text: "import t = require('../platform/audit/t');\ntype T = import('../platform/p').P;\nconst r = require('./models/r');" },
    { path: at('server/d.ts'), text: "import { w } from '../worker/w';\nimport { p } from '../platform/p';\nimport express from 'express';" },
  ];
  expect(upwardImports(files)).toEqual([
    { from: 'src/platform/a.ts', to: 'src/server/x' },
    { from: 'src/platform/b.ts', to: 'src/worker/z' },
    { from: 'src/platform/b.ts', to: 'src/deploy/d' },
    { from: 'src/db/c.ts', to: 'src/platform/audit/t' },
    { from: 'src/db/c.ts', to: 'src/platform/p' },
    { from: 'src/server/d.ts', to: 'src/worker/w' },
  ]);
});
