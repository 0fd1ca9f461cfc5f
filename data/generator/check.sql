-- Soundness checks for a loaded data set (sql/*.sql applied, manifest tables copied in).
-- Every query returns a count of violations that should be 0 (the last ones are
-- statistics). The district sample runs in seconds; the whole city in a few minutes
-- (the T-junction checks take longest). The "+0" keeps the planner from using the
-- primary key for the id inequality in spatial self-joins.
\pset pager off
SET jit = off;

SELECT 'invalid geometry or SRID' AS check, sum(n) AS violations FROM (
  SELECT count(*) n FROM egib.obreby WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM egib.dzialki WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM egib.budynki WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM egib.kontury_uzytkow WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM gesut.przewody WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM gesut.urzadzenia WHERE ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM sip.budynki_3d WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM sip.budynki_projektowane WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM sip.drzewa WHERE ST_SRID(geom) <> 2177 UNION ALL
  SELECT count(*) FROM sip.modele_wysokosciowe WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177) s;

-- cadastral districts and parcels
SELECT 'parcel outside its obręb', count(*) FROM egib.dzialki d JOIN egib.obreby o USING ("idObrebu") WHERE NOT ST_CoveredBy(d.geom, o.geom);
SELECT 'obręb area differs from its parcels (m²)', max(abs(ST_Area(o.geom) - u.a)) FROM egib.obreby o
  JOIN (SELECT "idObrebu", sum(ST_Area(geom)) a FROM egib.dzialki GROUP BY 1) u USING ("idObrebu");
SELECT 'overlapping obręby', count(*) FROM egib.obreby a JOIN egib.obreby b ON a.id + 0 < b.id + 0 AND ST_Intersects(a.geom, b.geom)
  WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > 0.01;
SELECT 'overlapping parcels', count(*) FROM egib.dzialki a JOIN egib.dzialki b ON a.id + 0 < b.id + 0 AND ST_Intersects(a.geom, b.geom)
  AND ST_Relate(a.geom, b.geom, '2********') WHERE ST_Area(ST_Intersection(a.geom, b.geom)) >= 0.01;
SELECT 'area in register differs by > 0.0001 ha (a few are meant to)', count(*) FROM egib.dzialki
  WHERE abs("poleEwidencyjne" - round(("powierzchniaGeometryczna" / 10000)::numeric, 4)) > 0.00005;

-- buildings
SELECT 'building not inside its parcel', count(*) FROM egib.budynki b JOIN egib.dzialki d USING ("idDzialki") WHERE NOT ST_CoveredBy(b.geom, d.geom);
SELECT 'overlapping buildings', count(*) FROM egib.budynki a JOIN egib.budynki b ON a.id + 0 < b.id + 0 AND ST_Intersects(a.geom, b.geom)
  AND ST_Relate(a.geom, b.geom, '2********');
SELECT 'powZabudowy ≠ footprint area', count(*) FROM egib.budynki WHERE abs("powZabudowy" - ST_Area(geom)) > 0.006;
SELECT '3D model footprint ≠ building', count(*) FROM sip.budynki_3d t JOIN egib.budynki b USING ("idBudynku") WHERE NOT ST_Equals(t.geom, b.geom);
SELECT 'building without 3D model', count(*) FROM egib.budynki b WHERE NOT EXISTS (SELECT 1 FROM sip.budynki_3d t WHERE t."idBudynku" = b."idBudynku");

-- land-use contours
SELECT 'contours do not add up to their parcel', count(*) FROM egib.dzialki d
  JOIN (SELECT "idDzialki", ST_Union(geom) g, sum(ST_Area(geom)) a FROM egib.kontury_uzytkow GROUP BY 1) c USING ("idDzialki")
  WHERE abs(ST_Area(d.geom) - c.a) >= 0.01 OR ST_Area(ST_SymDifference(d.geom, c.g)) >= 0.01;
SELECT 'parcel without contour', count(*) FROM egib.dzialki d WHERE NOT EXISTS (SELECT 1 FROM egib.kontury_uzytkow c WHERE c."idDzialki" = d."idDzialki");

-- ownership
SELECT 'ownership shares not summing to 1', count(*) FROM (SELECT "idDzialki", sum(licznik::numeric / mianownik) s FROM egib.udzialy_wlasnosci
  WHERE "rodzajPrawa" IN ('własność', 'współwłasność') GROUP BY 1) x WHERE abs(s - 1) > 1e-9;
SELECT 'parcel without owner', count(*) FROM egib.dzialki d WHERE NOT EXISTS (SELECT 1 FROM egib.udzialy_wlasnosci u
  WHERE u."idDzialki" = d."idDzialki" AND "rodzajPrawa" IN ('własność', 'współwłasność'));
SELECT 'duplicate PESEL', count(*) - count(DISTINCT pesel) FROM egib.wlasciciele WHERE pesel IS NOT NULL;

-- utilities, trees, planned buildings
SELECT 'utility line through a building interior', count(*) FROM gesut.przewody p JOIN egib.budynki b ON ST_Intersects(p.geom, b.geom)
  AND ST_Relate(p.geom, b.geom, 'T********');
SELECT 'device inside a building', count(*) FROM gesut.urzadzenia u JOIN egib.budynki b ON ST_Intersects(u.geom, b.geom) AND ST_Relate(u.geom, b.geom, '0********');
SELECT 'device not on a line of its network', count(*) FROM gesut.urzadzenia u
  WHERE NOT EXISTS (SELECT 1 FROM gesut.przewody p WHERE p."branza" = u."branza" AND ST_DWithin(p.geom, u.geom, 0.001));
SELECT 'main line outside road parcels', count(*) FROM gesut.przewody p WHERE funkcja <> 'przyłącze'
  AND ST_Length(ST_Difference(p.geom, (SELECT ST_Union(d.geom) FROM egib.dzialki d JOIN egib.kontury_uzytkow c USING ("idDzialki")
      WHERE c."OFU" = 'dr' AND ST_Intersects(d.geom, p.geom)))) > 0.001;
SELECT 'tree inside a building', count(*) FROM sip.drzewa t JOIN egib.budynki b ON ST_Intersects(t.geom, b.geom);
SELECT 'planned building outside its parcel', count(*) FROM sip.budynki_projektowane p JOIN egib.dzialki d USING ("idDzialki") WHERE NOT ST_CoveredBy(p.geom, d.geom);
SELECT 'planned building overlapping a building', count(*) FROM sip.budynki_projektowane p JOIN egib.budynki b ON ST_Intersects(p.geom, b.geom)
  AND ST_Relate(p.geom, b.geom, '2********');

-- coverage topology: a vertex of one polygon lying on another's boundary must be a vertex there too
CREATE TEMP TABLE chk_v AS SELECT 'dzialki' t, id, (ST_DumpPoints(geom)).geom p FROM egib.dzialki
  UNION ALL SELECT 'kontury', id, (ST_DumpPoints(geom)).geom FROM egib.kontury_uzytkow
  UNION ALL SELECT 'budynki', id, (ST_DumpPoints(geom)).geom FROM egib.budynki;
CREATE INDEX ON chk_v USING gist (p);
SELECT 'parcel T-junctions', count(*) FROM chk_v v JOIN egib.dzialki b ON v.t = 'dzialki' AND b.id + 0 <> v.id AND ST_Intersects(b.geom, v.p)
  WHERE NOT EXISTS (SELECT 1 FROM ST_DumpPoints(b.geom) q WHERE ST_Equals(q.geom, v.p));
SELECT 'contour T-junctions', count(*) FROM chk_v v JOIN egib.kontury_uzytkow b ON v.t = 'kontury' AND b.id + 0 <> v.id AND ST_Intersects(b.geom, v.p)
  WHERE NOT EXISTS (SELECT 1 FROM ST_DumpPoints(b.geom) q WHERE ST_Equals(q.geom, v.p));
SELECT 'building T-junctions', count(*) FROM chk_v v JOIN egib.budynki b ON v.t = 'budynki' AND b.id + 0 <> v.id AND ST_Intersects(b.geom, v.p)
  WHERE NOT EXISTS (SELECT 1 FROM ST_DumpPoints(b.geom) q WHERE ST_Equals(q.geom, v.p));
SELECT 'obręb boundary missing a parcel vertex', count(*) FROM (SELECT DISTINCT p FROM chk_v WHERE t = 'dzialki') v
  JOIN egib.obreby o ON ST_Intersects(ST_Boundary(o.geom), v.p) WHERE NOT EXISTS (SELECT 1 FROM ST_DumpPoints(o.geom) q WHERE ST_Equals(q.geom, v.p));

-- statistics
SELECT 'parcel numbers with a /n suffix, %', round(100.0 * count(*) FILTER (WHERE "numerDzialki" LIKE '%/%') / count(*), 1) FROM egib.dzialki;
SELECT 'parcels without a land register (KW), %', round(100.0 * count(*) FILTER (WHERE "numerKW" IS NULL) / count(*), 1) FROM egib.dzialki;
SELECT 'utility lines, km', round(sum(ST_Length(geom)) / 1000) FROM gesut.przewody;
