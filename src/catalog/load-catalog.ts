import { Catalog } from '../core/alert/catalog-types.js';
import { loadYamlFile, parseYamlConfig } from './load-yaml-file.js';

/** Cross-references zod cannot see: every asset's service exists, service ids and aliases are unique. */
function checkReferences(catalog: Catalog): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const names = new Map<string, number>();
  catalog.services.forEach((s, i) => {
    for (const name of [s.id, ...s.aliases].map((n) => n.toLowerCase())) {
      const other = names.get(name);
      if (other !== undefined && other !== i)
        problems.push({ path: ['services', i], message: `"${name}" already names services[${other}]` });
      names.set(name, i);
    }
  });
  catalog.assets.forEach((a, i) => {
    if (a.service && !catalog.services.some((s) => s.id === a.service)) {
      problems.push({
        path: ['assets', i, 'service'],
        message: `no service with id "${a.service}" (known: ${catalog.services.map((s) => s.id).join(', ') || 'none'})`,
      });
    }
  });
  return problems;
}

export const loadCatalog = (file: string): Catalog => loadYamlFile(file, Catalog, checkReferences);
export const parseCatalog = (file: string, text: string): Catalog =>
  parseYamlConfig(file, text, Catalog, checkReferences);
