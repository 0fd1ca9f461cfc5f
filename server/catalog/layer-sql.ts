// The SQL a layer stands for: its table aliased t, restricted by its fixed condition. Identifiers come
// from the catalogue only; the condition's value is a bound parameter.
import { quoteIdent, quoteTable } from '../db/database.ts';
import type { LayerSpec, Attribute } from './types.ts';

export interface LayerSql { from: string; sql: string; params: unknown[] }

/** FROM clause and base WHERE of a layer; params is the array the caller keeps adding to. */
export function buildLayerWhere(layer: Pick<LayerSpec, 'table' | 'where'>, params: unknown[]): LayerSql {
  const from = `${quoteTable(layer.table)} AS t`;
  if (!layer.where) return { from, sql: 'TRUE', params };
  params.push(layer.where.value);
  return { from, sql: `t.${quoteIdent(layer.where.column)} = $${params.length}`, params };
}

/** Trusted SQL of an attribute's value. */
export function attributeSql(a: Attribute): string {
  return a.sql ?? `t.${quoteIdent(a.name)}`;
}

export function geometrySql(layer: Pick<LayerSpec, 'geometry'>): string {
  return `t.${quoteIdent(layer.geometry.column)}`;
}

export function keySql(layer: Pick<LayerSpec, 'key'>): string {
  return `t.${quoteIdent(layer.key)}`;
}
