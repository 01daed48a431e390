/**
 * Input options for every ffprobe/ffmpeg run on an uploaded file. ffmpeg picks a demuxer from the
 * content, not the name: a playlist (HLS, concat) named .mp4 would make it open other files or URLs
 * of the server's. Only local files, and only the common video containers, may be read.
 */
export const uploadedInputArgs: readonly string[] = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,flv,ogg,mpeg,mpegvideo',
];
