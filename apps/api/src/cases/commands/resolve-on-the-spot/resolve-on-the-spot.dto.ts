import type { ResolveOnTheSpotBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';

export class ResolveOnTheSpotDto implements ResolveOnTheSpotBody {
  @ApiProperty() @IsString() @MinLength(1) resolution: string;
}
