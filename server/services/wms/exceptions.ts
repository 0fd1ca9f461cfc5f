// The exception formats a WMS announces in its capabilities, in each version's spelling. The reports themselves
// (and the INIMAGE/BLANK images) are rendered with every other error: server/errors/.
import type { WmsVersion } from '../../errors/protocol.ts';

export const EXCEPTION_FORMATS: Record<WmsVersion, readonly string[]> = {
  '1.3.0': ['XML', 'INIMAGE', 'BLANK'],
  '1.1.1': ['application/vnd.ogc.se_xml', 'application/vnd.ogc.se_inimage', 'application/vnd.ogc.se_blank'],
};
