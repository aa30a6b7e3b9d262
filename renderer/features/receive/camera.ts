import { StationError } from '../../../shared/errors';

/** What the browser says of a camera it cannot open, in the station's codes (the UI words them). */
const SAID = {
  camera_missing: 'This station has no camera (or it is unplugged): a manager can accept without the photo, with a reason (O).',
  camera_denied: "The camera is not allowed for this station: allow it in the browser's site settings, or a manager accepts without the photo (O).",
  camera_busy: 'The camera is in use by another program: close it and press P again.',
  camera_failed: 'The camera gave no picture: press P again, or a manager accepts without the photo (O).',
} as const;
const cameraProblem = (code: keyof typeof SAID, detail: string) => new StationError(code, SAID[code], { detail });

function cameraError(err: unknown): StationError {
  const name = err instanceof Error ? err.name : '';
  const detail = err instanceof Error ? err.message : String(err);
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return cameraProblem('camera_missing', detail);
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return cameraProblem('camera_denied', detail);
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return cameraProblem('camera_busy', detail);
  return cameraProblem('camera_failed', detail);
}

/**
 * One still from the station's webcam as a JPEG: opens the camera, takes a frame once it is playing,
 * and closes it again, so the camera light is only on while a photo is taken.
 */
export async function takePhoto(): Promise<Blob> {
  if (!navigator.mediaDevices?.getUserMedia) throw cameraProblem('camera_missing', 'navigator.mediaDevices is missing');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  } catch (err) {
    throw cameraError(err);
  }
  try {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    if (video.videoWidth === 0) await new Promise((r) => video.addEventListener('loadeddata', r, { once: true }));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')!.drawImage(video, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(cameraProblem('camera_failed', 'canvas.toBlob gave nothing'))), 'image/jpeg', 0.85),
    );
  } catch (err) {
    throw err instanceof StationError ? err : cameraError(err);
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
