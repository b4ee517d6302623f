// A small line chart on a canvas: one series over time, its current value, and the scale.
// Drawn from scratch on each update (a few hundred points): no library, nothing fetched.

export interface Point {
  t: number;
  v: number | null;
}

export class LineChart {
  private readonly canvas: HTMLCanvasElement;
  private readonly valueEl: HTMLElement;
  private points: Point[] = [];

  constructor(
    readonly root: HTMLElement,
    readonly title: string,
    private readonly fmt: (v: number) => string,
    private readonly color: string,
    /** Seconds of history shown. */
    private readonly windowSec = 600,
    /** Smallest top of the scale (e.g. 100 for a percentage). */
    private readonly minTop = 0,
    /** Scale steps in powers of 1024 (bytes) rather than 10. */
    private readonly binary = false,
  ) {
    root.classList.add('chart');
    const head = document.createElement('div');
    head.className = 'chart-head';
    const name = document.createElement('span');
    name.textContent = title;
    this.valueEl = document.createElement('span');
    this.valueEl.className = 'chart-value';
    head.append(name, this.valueEl);
    this.canvas = document.createElement('canvas');
    root.append(head, this.canvas);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  set(points: Point[]): void {
    this.points = points;
    this.draw();
  }

  push(p: Point): void {
    this.points.push(p);
    const cut = p.t - this.windowSec * 1000;
    while (this.points.length && this.points[0]!.t < cut) this.points.shift();
    this.draw();
  }

  private draw(): void {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = c.clientWidth;
    const hgt = c.clientHeight;
    if (w === 0 || hgt === 0) return;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(hgt * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hgt * dpr);
    }
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, hgt);
    const last = [...this.points].reverse().find((p) => p.v !== null);
    this.valueEl.textContent = last ? this.fmt(last.v!) : '–';
    const now = this.points.length ? this.points[this.points.length - 1]!.t : Date.now();
    const t0 = now - this.windowSec * 1000;
    const vals = this.points.filter((p) => p.v !== null && p.t >= t0) as { t: number; v: number }[];
    let top = Math.max(this.minTop, ...vals.map((p) => p.v));
    if (top <= 0) top = 1;
    top = this.binary ? niceBinary(top) : niceTop(top);
    const padL = 2;
    const padB = 14;
    const ph = hgt - padB;
    // Grid: quarter lines and the scale's top.
    g.strokeStyle = 'rgba(140,150,170,0.15)';
    g.lineWidth = 1;
    for (let i = 1; i <= 4; i++) {
      const y = Math.round(ph - (ph * i) / 4) + 0.5;
      g.beginPath();
      g.moveTo(padL, y);
      g.lineTo(w, y);
      g.stroke();
    }
    g.fillStyle = 'rgba(160,170,190,0.8)';
    g.font = '10px ui-monospace, monospace';
    g.textBaseline = 'top';
    g.fillText(this.fmt(top), padL + 2, 2);
    g.textBaseline = 'bottom';
    g.fillText(`-${Math.round(this.windowSec / 60)}m`, padL + 2, hgt);
    const nowLabel = 'now';
    g.fillText(nowLabel, w - g.measureText(nowLabel).width - 2, hgt);
    if (vals.length < 2) return;
    const x = (t: number): number => padL + ((t - t0) / (now - t0)) * (w - padL);
    const y = (v: number): number => ph - (v / top) * (ph - 2);
    g.beginPath();
    g.moveTo(x(vals[0]!.t), y(vals[0]!.v));
    for (const p of vals.slice(1)) g.lineTo(x(p.t), y(p.v));
    g.strokeStyle = this.color;
    g.lineWidth = 1.5;
    g.stroke();
    g.lineTo(x(vals[vals.length - 1]!.t), ph);
    g.lineTo(x(vals[0]!.t), ph);
    g.closePath();
    g.fillStyle = this.color.replace('rgb(', 'rgba(').replace(')', ',0.15)');
    g.fill();
  }
}

/** 1, 2, 2.5, 5 times a power of ten at or above v. */
function niceTop(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** The same steps within a power of 1024, for byte scales (1, 2, 2.5, 5 ... KiB, MiB). */
function niceBinary(v: number): number {
  const p = 1024 ** Math.max(0, Math.floor(Math.log(v) / Math.log(1024)));
  return niceTop(v / p) * p;
}
