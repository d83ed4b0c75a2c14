export * from './data-lake';
export * from './data-lake-storage';
export * from './lake-grants';
