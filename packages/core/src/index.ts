export * from './errors.ts';
export * from './vocabulary.ts';
export * from './schemas.ts';
export * from './text.ts';
export * from './anchor.ts';
export * from './edtf.ts';
export * from './fold.ts';
export * from './place.ts';
