/**
 * The drawing canvas: strokes from mouse, pen or touch (pointer events, with the coalesced points
 * of fast moves), kept as point lists so a stroke can be undone; the ink is the canvas's alpha.
 * Coordinates are the canvas's own pixels, whatever size it is shown at.
 */
import type { InkImage } from './mnist-reduce.js';

interface Point {
  x: number;
  y: number;
}

/**
 * Pen width as a fraction of the canvas width: a digit drawn over about 3/4 of the pad then gets
 * strokes of 2–3 pixels in the 20×20 box, as MNIST's have.
 */
const PEN_WIDTH_FRACTION = 1 / 11;

export class DrawingPad {
  private readonly strokes: Point[][] = [];
  private current: Point[] | null = null;
  private activePointer: number | null = null;
  private readonly context: CanvasRenderingContext2D;

  /** `onStroke` runs after each finished stroke, undo and clear. */
  constructor(private readonly canvas: HTMLCanvasElement, private readonly onStroke: () => void) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    canvas.addEventListener('pointerdown', (event) => this.down(event));
    canvas.addEventListener('pointermove', (event) => this.move(event));
    canvas.addEventListener('pointerup', (event) => this.up(event));
    canvas.addEventListener('pointercancel', (event) => this.up(event));
    this.redraw();
  }

  private point(event: PointerEvent): Point {
    const box = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * this.canvas.width) / box.width, y: ((event.clientY - box.top) * this.canvas.height) / box.height };
  }

  private down(event: PointerEvent): void {
    if (this.activePointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.activePointer = event.pointerId;
    this.canvas.setPointerCapture(event.pointerId);
    this.current = [this.point(event)];
    this.strokes.push(this.current);
    this.redraw();
  }

  private move(event: PointerEvent): void {
    if (event.pointerId !== this.activePointer || !this.current) return;
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const each of events.length > 0 ? events : [event]) this.current.push(this.point(each));
    this.redraw();
  }

  private up(event: PointerEvent): void {
    if (event.pointerId !== this.activePointer) return;
    this.activePointer = null;
    this.current = null;
    this.onStroke();
  }

  undo(): void {
    if (this.strokes.length === 0) return;
    this.strokes.pop();
    this.redraw();
    this.onStroke();
  }

  clear(): void {
    this.strokes.length = 0;
    this.redraw();
    this.onStroke();
  }

  private redraw(): void {
    const { context, canvas } = this;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = '#000';
    context.fillStyle = '#000';
    context.lineWidth = canvas.width * PEN_WIDTH_FRACTION;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of this.strokes) {
      if (stroke.length === 1) {
        context.beginPath();
        context.arc(stroke[0].x, stroke[0].y, context.lineWidth / 2, 0, 2 * Math.PI);
        context.fill();
        continue;
      }
      context.beginPath();
      context.moveTo(stroke[0].x, stroke[0].y);
      for (const point of stroke.slice(1)) context.lineTo(point.x, point.y);
      context.stroke();
    }
  }

  /** The ink: the canvas's alpha channel (the pad is transparent where nothing is drawn). */
  ink(): InkImage {
    const { width, height } = this.canvas;
    const rgba = this.context.getImageData(0, 0, width, height).data;
    const ink = new Uint8Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
    return { width, height, ink };
  }
}
