/**
 * What can be checked of the Salesforce DX project without an org: every Apex file parses with a
 * real Apex grammar, every class has its meta file and a test class that exercises it, the API
 * versions and package directories agree, the custom metadata fields the Apex reads exist, and the
 * agents' permission set grants exactly the classes Open CTI calls.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { repoRoot } from '../support/built-dist.js';

const project = JSON.parse(readFileSync(join(repoRoot, 'sfdx-project.json'), 'utf8')) as { packageDirectories: { path: string; default?: boolean }[]; sourceApiVersion: string };
const root = join(repoRoot, 'force-app/main/default');
const classesDir = join(root, 'classes');
const classes = readdirSync(classesDir)
  .filter((name) => name.endsWith('.cls'))
  .map((name) => name.slice(0, -4));
const source = (name: string): string => readFileSync(join(classesDir, `${name}.cls`), 'utf8');
const isTest = (name: string): boolean => /^\s*@IsTest\b/im.test(source(name));
const xml = new XMLParser({ ignoreAttributes: true, isArray: (name) => ['classAccesses', 'values'].includes(name) });

class Collect extends ApexErrorListener {
  readonly errors: string[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push(`${line}:${column} ${message}`);
  }
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? allFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('the Salesforce DX project', () => {
  it('names package directories that exist, one of them the default', () => {
    expect(project.packageDirectories.filter((dir) => dir.default)).toHaveLength(1);
    for (const dir of project.packageDirectories) expect(existsSync(join(repoRoot, dir.path)), dir.path).toBe(true);
    expect(project.sourceApiVersion).toMatch(/^\d{2}\.0$/);
  });

  it('parses every Apex class with the Apex grammar', () => {
    expect(classes.length).toBeGreaterThan(0);
    for (const name of classes) {
      const errors = new Collect();
      const { parser } = ApexParserFactory.createLexerAndParser(source(name), errors);
      parser.compilationUnit();
      expect(errors.errors, name).toEqual([]);
    }
  });

  it('gives every class a meta file at the project API version, and every class a test class that calls it', () => {
    for (const name of classes) {
      const meta = join(classesDir, `${name}.cls-meta.xml`);
      expect(existsSync(meta), `${name}.cls-meta.xml`).toBe(true);
      const parsed = xml.parse(readFileSync(meta, 'utf8')) as { ApexClass: { apiVersion: number; status: string } };
      expect(parsed.ApexClass.apiVersion.toFixed(1), name).toBe(project.sourceApiVersion);
      expect(parsed.ApexClass.status).toBe('Active');
    }
    for (const name of classes.filter((candidate) => !isTest(candidate))) {
      const tests = classes.filter((candidate) => isTest(candidate) && new RegExp(`\\b${name}\\.`).test(source(candidate)));
      expect(tests, `a test class for ${name}`).not.toEqual([]);
    }
  });

  it('defines every custom metadata field the Apex reads, and the default record sets each', () => {
    const read = new Set(classes.flatMap((name) => [...source(name).matchAll(/\b(\w+__c)\b/g)].map((match) => match[1]!)));
    const fieldsDir = join(root, 'objects/Patchbay_Settings__mdt/fields');
    const defined = new Set(readdirSync(fieldsDir).map((file) => file.replace('.field-meta.xml', '')));
    for (const field of read) expect(defined.has(field), field).toBe(true);
    const record = xml.parse(readFileSync(join(root, 'customMetadata/Patchbay_Settings.Default.md-meta.xml'), 'utf8')) as { CustomMetadata: { values: { field: string }[] } };
    expect(record.CustomMetadata.values.map((value) => value.field).sort()).toEqual([...defined].sort());
  });

  it('grants agents exactly the classes Open CTI calls, in well-formed metadata', () => {
    for (const file of allFiles(root).filter((path) => path.endsWith('.xml'))) expect(XMLValidator.validate(readFileSync(file, 'utf8')), file).toBe(true);
    const set = xml.parse(readFileSync(join(root, 'permissionsets/Patchbay_Agent.permissionset-meta.xml'), 'utf8')) as { PermissionSet: { classAccesses: { apexClass: string; enabled: boolean }[] } };
    const granted = set.PermissionSet.classAccesses
      .filter((access) => access.enabled)
      .map((access) => access.apexClass)
      .sort();
    expect(granted).toEqual(classes.filter((name) => !isTest(name)).sort());
  });
});
