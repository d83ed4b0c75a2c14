export * from './lake-audit-trail';
export * from './lake-query';
export * from './lake-formation-access';
export * from './platform-config-rules';
