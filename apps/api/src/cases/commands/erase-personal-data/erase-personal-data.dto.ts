import type { ErasePersonalDataBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';

export class ErasePersonalDataDto implements ErasePersonalDataBody {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
