import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'casebook:public';

/** Lets a route through AuthGuard without a token (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
