import type { CloseCaseBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';

export class CloseCaseDto implements CloseCaseBody {
  @ApiProperty() @IsString() @MinLength(1) summary: string;
}
