-- Extensions and schemas of the SIP Poznań data model.
-- Native CRS: EPSG:2177 (ETRF2000-PL / CS2000/18, PL-2000 zone 6); heights: EPSG:9651 (PL-EVRF2007-NH).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE SCHEMA IF NOT EXISTS egib;
COMMENT ON SCHEMA egib IS 'Ewidencja gruntów i budynków (EGiB): działki, budynki, kontury użytków, obręby, właściciele';
CREATE SCHEMA IF NOT EXISTS gesut;
COMMENT ON SCHEMA gesut IS 'Geodezyjna ewidencja sieci uzbrojenia terenu (GESUT): przewody i urządzenia';
CREATE SCHEMA IF NOT EXISTS sip;
COMMENT ON SCHEMA sip IS 'System informacji przestrzennej miasta: budynki 3D, budynki projektowane, drzewa, modele wysokościowe';
CREATE SCHEMA IF NOT EXISTS portal;
COMMENT ON SCHEMA portal IS 'Portale e-usług: użytkownicy, role, rejestr pobrań';
