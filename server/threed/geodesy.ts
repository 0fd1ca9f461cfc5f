// Where a PL-2000 point (EPSG:2177 easting/northing, PL-EVRF2007-NH normal height) is on the globe: geodetic
// coordinates, Earth-centred (ECEF, WGS 84 ellipsoid as 3D Tiles requires) and local east-north-up frames.
// Pure functions shared by the server (tiles, shadows) and the 3D client.
import proj4 from 'proj4';

/** PL-2000 zone 6 (the same definition as server/crs/definitions.ts, repeated here so the client bundle needs no server module). */
export const EPSG_2177 = '+proj=tmerc +lat_0=0 +lon_0=18 +k=0.999923 +x_0=6500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const LONLAT = '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs';
const toLonLat = proj4(EPSG_2177, LONLAT);

// WGS 84 (3D Tiles' ellipsoid). ETRF2000-PL sits on GRS80, whose semi-minor axis differs by 0.1 mm: negligible.
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);

export type Vec3 = [number, number, number];
/** 4×4 matrix, column-major (as glTF and 3D Tiles store it). */
export type Mat4 = number[];

/** Longitude and latitude in degrees of an EPSG:2177 point. */
export function lonLatOf(e: number, n: number): [number, number] {
  const [lon, lat] = toLonLat.forward([e, n]);
  return [lon!, lat!];
}

/** EPSG:2177 point of a longitude/latitude in degrees. */
export function gridOf(lon: number, lat: number): [number, number] {
  const [e, n] = toLonLat.inverse([lon, lat]);
  return [e!, n!];
}

export function geodeticToEcef(lonDeg: number, latDeg: number, h: number): Vec3 {
  const lon = (lonDeg * Math.PI) / 180, lat = (latDeg * Math.PI) / 180;
  const s = Math.sin(lat), c = Math.cos(lat);
  const nu = A / Math.sqrt(1 - E2 * s * s);
  return [(nu + h) * c * Math.cos(lon), (nu + h) * c * Math.sin(lon), (nu * (1 - E2) + h) * s];
}

/** ECEF to longitude, latitude (degrees) and ellipsoidal height (Bowring's iteration, sub-millimetre). */
export function ecefToGeodetic(p: Vec3): [number, number, number] {
  const [x, y, z] = p;
  const lon = Math.atan2(y, x);
  const r = Math.hypot(x, y);
  let lat = Math.atan2(z, r * (1 - E2));
  let h = 0;
  for (let i = 0; i < 5; i++) {
    const s = Math.sin(lat);
    const nu = A / Math.sqrt(1 - E2 * s * s);
    h = r / Math.cos(lat) - nu;
    lat = Math.atan2(z, r * (1 - (E2 * nu) / (nu + h)));
  }
  return [(lon * 180) / Math.PI, (lat * 180) / Math.PI, h];
}

/**
 * Heights: the data are normal heights in PL-EVRF2007-NH; 3D Tiles and the globe want ellipsoidal heights.
 * h = H + ζ, with ζ the height anomaly of the quasigeoid (PL-geoid2021). Over one district ζ varies by a few
 * centimetres, so one constant per service is used (config THREED_HEIGHT_ANOMALY_M).
 */
export interface HeightModel { anomaly: number }

/** A local east-north-up frame at an origin: metres along the ellipsoid's tangent plane. */
export class EnuFrame {
  readonly origin: Vec3;
  /** Rows: east, north, up unit vectors in ECEF. */
  readonly east: Vec3;
  readonly north: Vec3;
  readonly up: Vec3;

  constructor(readonly lon: number, readonly lat: number, readonly height: number) {
    this.origin = geodeticToEcef(lon, lat, height);
    const l = (lon * Math.PI) / 180, p = (lat * Math.PI) / 180;
    this.east = [-Math.sin(l), Math.cos(l), 0];
    this.north = [-Math.sin(p) * Math.cos(l), -Math.sin(p) * Math.sin(l), Math.cos(p)];
    this.up = [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
  }

  /** The frame at a PL-2000 point (normal height H) under a height model. */
  static at(e: number, n: number, H: number, hm: HeightModel): EnuFrame {
    const [lon, lat] = lonLatOf(e, n);
    return new EnuFrame(lon, lat, H + hm.anomaly);
  }

  fromEcef(p: Vec3): Vec3 {
    const d: Vec3 = [p[0] - this.origin[0], p[1] - this.origin[1], p[2] - this.origin[2]];
    return [dot(d, this.east), dot(d, this.north), dot(d, this.up)];
  }

  toEcef(v: Vec3): Vec3 {
    const [x, y, z] = v;
    return [
      this.origin[0] + x * this.east[0] + y * this.north[0] + z * this.up[0],
      this.origin[1] + x * this.east[1] + y * this.north[1] + z * this.up[1],
      this.origin[2] + x * this.east[2] + y * this.north[2] + z * this.up[2],
    ];
  }

  /** ENU → ECEF as a column-major 4×4 matrix (a 3D Tiles tile transform). */
  matrix(): Mat4 {
    return [...this.east, 0, ...this.north, 0, ...this.up, 0, ...this.origin, 1];
  }
}

function dot(a: Vec3, b: Vec3): number { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/**
 * Rigorous PL-2000 → local frame: grid → geodetic → ECEF → ENU. The grid is rotated against true north by the
 * meridian convergence (−0.85° at Poznań) and scaled by k ≈ 0.99992, and the tangent plane drops away from the
 * Earth's surface (8 cm at 1 km), so an offset in grid metres is not good enough for shadows or for CesiumJS.
 */
export function gridToLocal(frame: EnuFrame, e: number, n: number, H: number, hm: HeightModel): Vec3 {
  const [lon, lat] = lonLatOf(e, n);
  return frame.fromEcef(geodeticToEcef(lon, lat, H + hm.anomaly));
}

/**
 * Azimuth (degrees clockwise from grid north) of true north at a PL-2000 point. A direction of true azimuth A
 * has grid azimuth A + this. West of the zone's central meridian (Poznań, 16.9°E vs 18°E) it is about +0.85°.
 */
export function trueNorthGridAzimuth(e: number, n: number): number {
  const [lon, lat] = lonLatOf(e, n);
  const [e2, n2] = gridOf(lon, lat + 0.001);
  return (Math.atan2(e2 - e, n2 - n) * 180) / Math.PI;
}
