// The sun for a date and local time at Poznań (astronomy-engine, the same module as the server's shadow study)
// as a shadow-casting directional light whose shadow camera follows the view.
import * as THREE from 'three';
import { localInstant, sunPosition, type SunPosition } from '../../../server/threed/sun.ts';

export class SunLight {
  readonly light = new THREE.DirectionalLight(0xfff4e0, 2.6);
  readonly ambient = new THREE.HemisphereLight(0xdde8ff, 0x6b5d4a, 0.9);
  position: SunPosition = { azimuth: 180, altitude: 45 };

  constructor(scene: THREE.Scene, shadowSize = 2048) {
    this.light.castShadow = true;
    this.light.shadow.mapSize.set(shadowSize, shadowSize);
    this.light.shadow.bias = -0.0004;
    this.light.shadow.normalBias = 0.4;
    scene.add(this.light, this.light.target, this.ambient);
  }

  /** Sets the sun for a local date (YYYY-MM-DD) and minutes after local midnight (Europe/Warsaw). */
  setTime(isoDate: string, minutes: number, lon: number, lat: number): SunPosition {
    this.position = sunPosition(localInstant(isoDate, minutes), lat, lon);
    return this.position;
  }

  /** Places the light towards the sun from a focus point; the shadow box covers `radius` metres round it. */
  follow(focus: THREE.Vector3, radius: number): void {
    const az = (this.position.azimuth * Math.PI) / 180, alt = (Math.max(this.position.altitude, 0.5) * Math.PI) / 180;
    // Scene axes: x east, y up, z south (−north).
    const dir = new THREE.Vector3(Math.sin(az) * Math.cos(alt), Math.sin(alt), -Math.cos(az) * Math.cos(alt));
    const distance = radius * 3;
    this.light.position.copy(focus).addScaledVector(dir, distance);
    this.light.target.position.copy(focus);
    const cam = this.light.shadow.camera;
    cam.left = -radius; cam.right = radius; cam.top = radius; cam.bottom = -radius;
    cam.near = distance - radius * 2; cam.far = distance + radius * 2;
    cam.updateProjectionMatrix();
    const up = this.position.altitude > 0;
    this.light.intensity = up ? 2.6 * Math.min(1, this.position.altitude / 10 + 0.2) : 0;
    this.light.castShadow = up;
  }
}
