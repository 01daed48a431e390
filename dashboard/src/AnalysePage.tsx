import { useState, type DragEvent } from 'react';
import { useClient } from 'urql';
import { AnalyzeImageMutation, type ServerInfo, type Stage } from './api.ts';
import { errorOf } from './client.ts';
import { stageLabel } from './format.ts';
import { SessionCard } from './SessionCard.tsx';

/** One photo the user dropped: its local preview and, once the server accepted it, its session. */
export interface Upload {
  key: string;
  fileName: string;
  previewUrl: string;
  session: { id: string; stages: Stage[] } | null;
  error: { code: string; message: string } | null;
}

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
let uploadCounter = 0;

/** Drop or pick photos: each is sent to analyzeImage with every stage the server runs, then followed live. */
export function AnalysePage(props: { serverInfo: ServerInfo; uploads: Upload[]; onUploads: (update: (uploads: Upload[]) => Upload[]) => void }) {
  const { serverInfo, uploads, onUploads } = props;
  const client = useClient();
  const [dragging, setDragging] = useState(false);

  const analyse = (files: File[]) => {
    const picked = files.map((file): [Upload, File] => [
      { key: `u${++uploadCounter}`, fileName: file.name || 'photo', previewUrl: URL.createObjectURL(file), session: null, error: null },
      file,
    ]);
    onUploads((current) => [...picked.map(([upload]) => upload), ...current]);
    for (const [upload, file] of picked) {
      const update = (patch: Partial<Upload>) => onUploads((current) => current.map((u) => (u.key === upload.key ? { ...u, ...patch } : u)));
      client
        .mutation(AnalyzeImageMutation, { image: file, stages: serverInfo.stages })
        .toPromise()
        .then(({ data, error }) => {
          if (data) update({ session: { id: data.analyzeImage.id, stages: data.analyzeImage.stages } });
          else update({ error: error ? errorOf(error) : { code: 'NO_ANSWER', message: 'The server sent no result.' } });
        })
        .catch((error: unknown) => update({ error: { code: 'NETWORK_ERROR', message: String(error) } }));
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    const images = files.filter((f) => ACCEPTED.includes(f.type));
    // Anything else goes to the server too, which names what is wrong with it (BAD_IMAGE).
    analyse(images.length > 0 ? images : files);
  };

  const clear = () => {
    for (const upload of uploads) URL.revokeObjectURL(upload.previewUrl);
    onUploads(() => []);
  };

  return (
    <section aria-labelledby="analyse-title">
      <h1 id="analyse-title" className="visually-hidden">
        Analyse photos
      </h1>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <p className="drop-title">Drop photos here</p>
        <p className="muted">JPEG, PNG or WebP, one or more. Each photo is analysed with every stage this server runs and followed live.</p>
        <label className="button primary" htmlFor="analyse-files">
          Choose photos…
        </label>
        <input
          id="analyse-files"
          className="visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED.join(',')}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) analyse(files);
          }}
        />
        <p className="stages-line small">
          Stages: {serverInfo.stages.map(stageLabel).join(' · ')}
          {serverInfo.unavailableStages.length > 0 && (
            <span className="muted">
              {' '}
              (not available here:{' '}
              {serverInfo.unavailableStages.map((u) => (
                <abbr key={u.stage} title={u.reason}>
                  {stageLabel(u.stage)}
                </abbr>
              ))}
              )
            </span>
          )}
        </p>
      </div>
      {uploads.length > 0 && (
        <div className="list-head">
          <h2>
            {uploads.length} {uploads.length === 1 ? 'photo' : 'photos'}
          </h2>
          <button type="button" className="link" onClick={clear}>
            Clear
          </button>
        </div>
      )}
      {uploads.map((upload) => (
        <SessionCard key={upload.key} upload={upload} />
      ))}
    </section>
  );
}
