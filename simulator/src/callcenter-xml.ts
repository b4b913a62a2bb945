/**
 * Reads a call center definition file (callcenter.xml) into its sections and items, and into the
 * flat `/<section>/<item>` settings getCallCenterSettings returns for it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface CallCenterItem {
  name: string;
  label: string | null;
  sortOrder: string;
  value: string;
}

export interface CallCenterSection {
  name: string;
  label: string | null;
  sortOrder: string;
  items: CallCenterItem[];
}

export class CallCenterXmlError extends Error {
  override name = 'CallCenterXmlError';
}

export function readCallCenterXml(xml: string): CallCenterSection[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CallCenterXmlError(`callcenter.xml is not well formed: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => name === 'section' || name === 'item',
  });
  const document = parser.parse(xml) as { callCenter?: { section?: RawNode[] } };
  if (!document.callCenter) throw new CallCenterXmlError('callcenter.xml has no <callCenter> element');
  return (document.callCenter.section ?? []).map((section) => ({
    name: attribute(section, 'name'),
    label: section['@label'] ?? null,
    sortOrder: attribute(section, 'sortOrder'),
    items: ((section.item ?? []) as RawNode[]).map((item) => ({
      name: attribute(item, 'name'),
      label: item['@label'] ?? null,
      sortOrder: attribute(item, 'sortOrder'),
      value: typeof item['#text'] === 'string' ? item['#text'] : '',
    })),
  }));
}

/** The flat keys getCallCenterSettings answers with: `/reqGeneralInfo/reqAdapterUrl` → value. */
export function flattenCallCenter(sections: readonly CallCenterSection[]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const section of sections) for (const item of section.items) flat[`/${section.name}/${item.name}`] = item.value;
  return flat;
}

interface RawNode {
  '@name'?: string;
  '@label'?: string;
  '@sortOrder'?: string;
  '#text'?: unknown;
  item?: unknown;
}

function attribute(node: RawNode, name: 'name' | 'sortOrder'): string {
  const value = node[`@${name}`];
  if (typeof value !== 'string') throw new CallCenterXmlError(`an element lacks its ${name} attribute`);
  return value;
}
