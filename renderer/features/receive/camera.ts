/**
 * One still from the station's webcam as a JPEG: opens the camera, takes a frame once it is playing,
 * and closes it again, so the camera light is only on while a photo is taken.
 */
export async function takePhoto(): Promise<Blob> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This station has no camera access.');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
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
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The camera gave no picture.'))), 'image/jpeg', 0.85),
    );
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
