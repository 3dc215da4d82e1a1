import type { ReopenCaseBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';

export class ReopenCaseDto implements ReopenCaseBody {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
