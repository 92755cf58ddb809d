// Body size limit of routes that take base64 images: the usual limit plus room for each image at its maximum size.
import type { Config } from '../../config.js';

export function imageBodyLimit(config: Config, images: number): number {
  return config.bodyLimit + images * Math.ceil(config.imageMaxBytes / 3) * 4;
}
