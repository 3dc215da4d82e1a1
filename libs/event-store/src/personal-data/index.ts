export * from './personal-data-vault';
export * from './personal-data.migration';
