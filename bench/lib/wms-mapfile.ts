// MapServer 8 side of the WMS benchmark: a mapfile with the benchmark's layers over the same tables, styled
// after our catalogue (server/catalog/layers.ts, server/catalog/styles.ts): the same colours, widths, scale
// ranges, label attributes, sizes, colours and halos, with DejaVu Sans through a FONTSET and AGG/PNG output.
// What MapServer cannot say the same way is simplified (see bench/README.md, "WMS: things to know").
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BRANCH_RULES, BUILDING_RULES } from '../../server/catalog/styles.ts';
import type { LabelSpec, LayerSpec } from '../../server/catalog/types.ts';
import { layerFromWhere, quoteIdent } from './dataset.ts';
import { str, type MapfileContext } from './mapserver.ts';
import { ROOT } from './ours.ts';

export const DEJAVU = path.join(ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans.ttf');
/** The OGC standard pixel (0.28 mm) as dots per inch: MapServer's scale denominators then equal ours. */
const OGC_DPI = 0.0254 / 0.00028;

const rgb = (hex: string): string => {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).join(' ');
};
const ident = (s: string) => quoteIdent(s);

function label(l: LabelSpec): string {
  return `    LABELITEM ${str(l.attribute)}`;
}
/**
 * Our label sizes are pixels; MapServer's AGG renderer takes TrueType SIZE as points and draws size × 96/72
 * pixels (seen on the samples: 11 came out as ~15 px), so it gets 72/96 of ours.
 */
const fmtSize = (px: number) => (px * 72 / 96).toFixed(2);

function labelBlock(l: LabelSpec): string {
  return `      LABEL
        TYPE TRUETYPE
        FONT "dejavu"
        SIZE ${fmtSize(l.size)}
        COLOR ${rgb(l.colour ?? '#000000')}
        OUTLINECOLOR ${rgb(l.halo ?? '#ffffff')}
        OUTLINEWIDTH 2
        POSITION CC
        PARTIALS FALSE
        MINFEATURESIZE ${Math.round(2 * (l.minRadius ?? 0))}
        PRIORITY ${Math.max(1, Math.min(10, Math.round((l.priority ?? 50) / 10)))}
        MAXSCALEDENOM ${l.maxScale}
      END`;
}

function layerHead(spec: LayerSpec, type: string, columns: string[], extra: string[] = []): string {
  const g = spec.geometry.column;
  // Each column once: a style and a label may read the same attribute, and a repeated name in the subquery makes
  // MapServer's outer SELECT ambiguous (PostgreSQL: "column reference is ambiguous").
  const select = [...new Set([ident(spec.key), ...columns.map(ident), ...extra, ident(g)])].join(', ');
  const data = `${g} from (select ${select} ${layerFromWhere(spec)}) as t using unique ${spec.key} using srid=2177`;
  return `  LAYER
    NAME ${str(`${spec.namespace}_${spec.name}`)}
    TYPE ${type}
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION ${str('$CONN$')}
    DATA ${str(data)}
    PROCESSING "CLOSE_CONNECTION=DEFER"
    PROJECTION
      "init=epsg:2177"
    END
    METADATA
      "wms_title" ${str(spec.title.en)}
    END
${spec.scale?.max ? `    MAXSCALEDENOM ${spec.scale.max}\n` : ''}${spec.scale?.min ? `    MINSCALEDENOM ${spec.scale.min}\n` : ''}`;
}

/** egib:dzialki: black 0.8 px outlines, grey from 1:5000 (PARCEL_RULES), parcel numbers up to 1:2500. */
function parcels(spec: LayerSpec): string {
  const s = spec.style!;
  const rule = s.rules?.find((r) => r.scale?.min !== undefined);
  return `${layerHead(spec, 'POLYGON', s.label ? [s.label.attribute] : [])}${s.label ? label(s.label) + '\n' : ''}    CLASS
      NAME "parcel"
${rule ? `      MAXSCALEDENOM ${rule.scale!.min}\n` : ''}      STYLE
        OUTLINECOLOR ${rgb(s.stroke ?? '#000000')}
        WIDTH ${s.strokeWidth ?? 1}
      END
${s.label ? labelBlock(s.label) + '\n' : ''}    END
${rule ? `    CLASS
      NAME "parcel, small scale"
      MINSCALEDENOM ${rule.scale!.min}
      STYLE
        OUTLINECOLOR ${rgb(rule.set.stroke ?? s.stroke ?? '#000000')}
        WIDTH ${s.strokeWidth ?? 1}
      END
    END
` : ''}  END
`;
}

/** egib:budynki: fill per KŚT class (BUILDING_RULES), dark outline, half-opaque dashed while under construction, storeys as labels up to 1:1500. */
function buildings(spec: LayerSpec): string {
  const s = spec.style!;
  const stroke = `        OUTLINECOLOR ${rgb(s.stroke ?? '#000000')}\n        WIDTH ${s.strokeWidth ?? 1}\n`;
  const lbl = s.label ? labelBlock(s.label) + '\n' : '';
  const classes = BUILDING_RULES.filter((r) => r.when.rodzajWgKST && r.set.fill).map((r) => `    CLASS
      EXPRESSION ("[rodzajWgKST]" = "${r.when.rodzajWgKST![0]}")
      STYLE
        COLOR ${rgb(r.set.fill!)}
${stroke}      END
${lbl}    END
`);
  const building = BUILDING_RULES.find((r) => r.when.statusBudynku);
  const underConstruction = building ? `    CLASS
      EXPRESSION ("[statusBudynku]" = "${building.when.statusBudynku![0]}")
      STYLE
        COLOR ${rgb(s.fill ?? '#cccccc')}
        OPACITY ${Math.round(100 * (building.set.fillOpacity ?? 1))}
      END
      STYLE
${stroke}        PATTERN ${building.set.dash?.join(' ') ?? '4 2'} END
      END
${lbl}    END
` : '';
  return `${layerHead(spec, 'POLYGON', ['rodzajWgKST', 'statusBudynku', ...(s.label ? [s.label.attribute] : [])])}${s.label ? label(s.label) + '\n' : ''}${underConstruction}${classes.join('')}    CLASS
      NAME "other"
      STYLE
        COLOR ${rgb(s.fill ?? '#cccccc')}
${stroke}      END
${lbl}    END
  END
`;
}

/**
 * gesut:przewody: a CLASS per branch by EXPRESSION on branza, storm sewers by typ (BRANCH_RULES' colours, storm water
 * dashed; MapServer takes the first matching CLASS, so the typ rule goes before the branch rules);
 * the width by function (main 2.6, service connection 1, else 1.5) bound from a column of the layer's SQL;
 * service connections hidden from 1:5000 as LINE_MODIFIERS hide them.
 */
function lines(spec: LayerSpec): string {
  const s = spec.style!;
  const width = `case "funkcja" when 'magistralny' then 2.6 when 'przyłącze' then 1 else ${s.strokeWidth ?? 1.5} end as szer`;
  const ordered = [...BRANCH_RULES.filter((r) => 'typ' in r.when), ...BRANCH_RULES.filter((r) => !('typ' in r.when))];
  const branches = ordered.map((r) => { const [column, values] = Object.entries(r.when)[0]!; return `    CLASS
      EXPRESSION ("[${column}]" = "${values[0]}")
      STYLE
        COLOR ${rgb(r.set.stroke!)}
        WIDTH [szer]
${r.set.dash ? `        PATTERN ${r.set.dash.join(' ')} END\n` : ''}      END
    END
`; });
  return `${layerHead(spec, 'LINE', ['branza', 'typ', 'funkcja'], [width])}    CLASS
      NAME "service connections hidden at small scales"
      MINSCALEDENOM 5000
      EXPRESSION ("[funkcja]" = "przyłącze")
    END
${branches.join('')}    CLASS
      NAME "other"
      STYLE
        COLOR ${rgb(s.stroke ?? '#333333')}
        WIDTH [szer]
      END
    END
  END
`;
}

export function mapserverLayerName(spec: LayerSpec): string {
  return `${spec.namespace}_${spec.name}`;
}

/** The mapfile; writes the FONTSET file next to it. */
export function wmsMapfile(ctx: MapfileContext, specs: readonly LayerSpec[], extent: [number, number, number, number]): string {
  const fontset = path.join(ctx.dir, 'fonts.txt');
  writeFileSync(fontset, `dejavu ${DEJAVU}\n`);
  const [x0, y0, x1, y1] = extent.map((v, i) => (i < 2 ? Math.floor(v) - 1 : Math.ceil(v) + 1));
  const layers = specs.map((spec) => {
    if (spec.geometry.type.endsWith('LineString')) return lines(spec);
    if (spec.name === 'budynki') return buildings(spec);
    if (spec.name === 'dzialki') return parcels(spec);
    throw new Error(`bench:wms has no MapServer style for ${spec.namespace}:${spec.name} (dzialki, budynki, przewody)`);
  });
  return `# Generated by bench/wms.ts: MapServer side of the WMS benchmark.
MAP
  NAME "bench"
  EXTENT ${x0} ${y0} ${x1} ${y1}
  UNITS METERS
  SIZE 1024 768
  MAXSIZE 4096
  RESOLUTION ${OGC_DPI.toFixed(4)}
  DEFRESOLUTION ${OGC_DPI.toFixed(4)}
  IMAGECOLOR 255 255 255
  FONTSET ${str(fontset)}
  CONFIG "MS_ERRORFILE" ${str(ctx.errorFile)}
  PROJECTION
    "init=epsg:2177"
  END
  OUTPUTFORMAT
    NAME "png"
    DRIVER "AGG/PNG"
    MIMETYPE "image/png"
    IMAGEMODE RGB
    EXTENSION "png"
    FORMATOPTION "COMPRESSION=6"
  END
  WEB
    METADATA
      "wms_enable_request" "*"
      "wms_title" "SIP Poznań benchmark peer"
      "wms_onlineresource" ${str(ctx.base)}
      "wms_srs" "EPSG:2177"
    END
  END
${layers.join('').split('$CONN$').join(ctx.connection.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}END
`;
}
