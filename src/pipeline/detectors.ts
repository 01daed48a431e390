/** The face detectors a deployment can run, and the model file of each. */
export const detectorKinds = ['scrfd_500m', 'scrfd_2.5g', 'yunet'] as const;
export type DetectorKind = (typeof detectorKinds)[number];

export const DETECTOR_FILES: Readonly<Record<DetectorKind, string>> = {
  scrfd_500m: 'face_det_scrfd_500m_kps.onnx',
  'scrfd_2.5g': 'face_det_scrfd_2.5g_kps.onnx',
  yunet: 'face_det_yunet_2023mar_dynamic.onnx',
};
