// Reference values computed with PROJ 9.1.1 (`cs2cs -d 6 OGC:CRS84 EPSG:2177` and `… EPSG:2180`), written easting first.
export const REFERENCE = [
  { name: 'Poznań, Stary Rynek', lonlat: [16.9342, 52.4083], pl2000: [6427477.428366, 5808862.820027], pl1992: [359525.507848, 506716.451741] },
  { name: 'Poznań, Ostrów Tumski', lonlat: [16.9467, 52.4114], pl2000: [6428332.993669, 5809195.266971], pl1992: [360385.206598, 507036.888509] },
  { name: 'Gdańsk', lonlat: [18.6466, 54.352], pl2000: [6542039.258394, 6024825.37541], pl1992: [477037.599436, 720936.520931] },
  { name: 'Bydgoszcz (central meridian)', lonlat: [18.0084, 53.1235], pl2000: [6500562.298866, 5887911.002448], pl1992: [433664.23813, 584701.719418] },
  { name: 'west edge of zone 6', lonlat: [16.6012, 52.0], pl2000: [6403942.888411, 5763823.837887], pl1992: [335382.098384, 462025.414674] },
] as const;
