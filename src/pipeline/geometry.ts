/** Pixel geometry shared by the pipeline, the workers and the GraphQL types. */
export interface Point {
  x: number;
  y: number;
}

/** Axis-aligned box in pixels of the upright image (after EXIF orientation). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One face found by a detector: box, confidence and the 5 ArcFace landmarks. */
export interface DetectedFace {
  box: Box;
  score: number;
  /** eye (image-left), eye (image-right), nose tip, mouth corner (image-left), mouth corner (image-right) */
  landmarks: Point[];
}
