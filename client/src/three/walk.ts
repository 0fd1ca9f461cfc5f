// Walk navigation: the camera at eye height over the terrain, moved with W/S/A/D or the arrows, turned by
// dragging. The terrain height comes from a ray cast down onto the terrain meshes.
import * as THREE from 'three';

export class WalkControls {
  enabled = false;
  private yaw = 0;
  private pitch = 0;
  private keys = new Set<string>();
  private dragging: { x: number; y: number } | null = null;
  private readonly down = new THREE.Raycaster();
  eyeHeight = 1.7;

  constructor(private readonly camera: THREE.PerspectiveCamera, private readonly dom: HTMLElement, private readonly ground: () => THREE.Object3D[]) {
    dom.addEventListener('keydown', (e) => { if (this.enabled) { this.keys.add(e.code); if (e.code.startsWith('Arrow')) e.preventDefault(); } });
    dom.addEventListener('keyup', (e) => this.keys.delete(e.code));
    dom.addEventListener('pointerdown', (e) => { if (this.enabled) this.dragging = { x: e.clientX, y: e.clientY }; });
    window.addEventListener('pointerup', () => { this.dragging = null; });
    window.addEventListener('pointermove', (e) => {
      if (!this.enabled || !this.dragging) return;
      this.yaw -= (e.clientX - this.dragging.x) * 0.004;
      this.pitch = Math.max(-1.4, Math.min(1.4, this.pitch - (e.clientY - this.dragging.y) * 0.004));
      this.dragging = { x: e.clientX, y: e.clientY };
    });
  }

  /** Starts walking where the camera looks at. */
  start(at: THREE.Vector3, towards: THREE.Vector3): void {
    this.enabled = true;
    const d = towards.clone().sub(at);
    this.yaw = Math.atan2(-d.x, -d.z);
    this.pitch = 0;
    this.camera.position.set(at.x, this.groundAt(at) + this.eyeHeight, at.z);
    this.apply();
  }

  update(dt: number): void {
    if (!this.enabled) return;
    const speed = (this.keys.has('ShiftLeft') || this.keys.has('ShiftRight') ? 12 : 4) * dt;
    const forward = new THREE.Vector3(-Math.sin(this.yaw), 0, -Math.cos(this.yaw));
    const right = new THREE.Vector3(-forward.z, 0, forward.x);
    const p = this.camera.position;
    if (this.keys.has('KeyW') || this.keys.has('ArrowUp')) p.addScaledVector(forward, speed);
    if (this.keys.has('KeyS') || this.keys.has('ArrowDown')) p.addScaledVector(forward, -speed);
    if (this.keys.has('KeyD') || this.keys.has('ArrowRight')) p.addScaledVector(right, speed);
    if (this.keys.has('KeyA') || this.keys.has('ArrowLeft')) p.addScaledVector(right, -speed);
    p.y = this.groundAt(p) + this.eyeHeight;
    this.apply();
  }

  private apply(): void {
    this.camera.quaternion.setFromEuler(new THREE.Euler(this.pitch, this.yaw, 0, 'YXZ'));
  }

  private groundAt(p: THREE.Vector3): number {
    this.down.set(new THREE.Vector3(p.x, 1000, p.z), new THREE.Vector3(0, -1, 0));
    const hit = this.down.intersectObjects(this.ground(), true)[0];
    return hit ? hit.point.y : p.y - this.eyeHeight;
  }
}
