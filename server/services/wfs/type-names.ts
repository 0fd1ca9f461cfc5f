// Feature type names as clients qualify them: the service's own prefixes (egib:dzialki), prefixes bound by
// the request — KVP NAMESPACES=xmlns(e,https://sip.poznan.pl/ns/egib) (WFS 2.0, OGC 09-025r2 §7.6.6; WFS 1.1.0
// writes NAMESPACE=xmlns(e=…)) or xmlns:e="…" in an XML request, as OpenLayers, FME and deegree write — and
// Clark notation {https://sip.poznan.pl/ns/egib}dzialki. All become the catalogue's namespace:name by URI.
// Pure: no I/O; names whose namespace is not the service's are returned unchanged (and then reported unknown).
import { layerNamespaceUri } from '../../formats/namespaces.ts';
import { OwsException } from '../../errors/service-error.ts';

/** prefix → namespace URI, as bound by the request (undefined/null = not bound). */
export type PrefixResolver = (prefix: string) => string | null | undefined;

const OWN_PREFIXES = ['egib', 'gesut', 'sip'] as const;
const PREFIX_OF_URI = new Map<string, string>(OWN_PREFIXES.map((p) => [layerNamespaceUri(p), p]));

/** NAMESPACES / NAMESPACE KVP: xmlns(p,uri)[,xmlns(q,uri)…], also xmlns(p=uri) (WFS 1.1.0). */
export function parseNamespacesKvp(value: string | undefined): Map<string, string> {
  const bindings = new Map<string, string>();
  if (!value?.trim()) return bindings;
  const re = /xmlns\(\s*([A-Za-z_][\w.-]*)?\s*[,=]\s*([^)]+?)\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    bindings.set(m[1] ?? '', m[2]!);
  }
  if (bindings.size === 0) throw new OwsException('InvalidParameterValue', 'NAMESPACES must be xmlns(prefix,uri)[,xmlns(prefix,uri)…]', 'namespaces');
  return bindings;
}

/** The catalogue's namespace:name for a type name as the client wrote it. */
export function canonicalTypeName(name: string, resolve?: PrefixResolver): string {
  const n = name.trim();
  const clark = /^\{([^}]*)\}(.+)$/.exec(n);
  if (clark) {
    const own = PREFIX_OF_URI.get(clark[1]!);
    return own ? `${own}:${clark[2]}` : n;
  }
  const colon = n.indexOf(':');
  if (colon < 0) return n;
  const prefix = n.slice(0, colon);
  const uri = resolve?.(prefix);
  if (!uri) return n;
  const own = PREFIX_OF_URI.get(uri);
  return own ? `${own}:${n.slice(colon + 1)}` : n;
}

/** A resolver over KVP bindings. */
export function kvpResolver(bindings: ReadonlyMap<string, string>): PrefixResolver {
  return (prefix) => bindings.get(prefix);
}
