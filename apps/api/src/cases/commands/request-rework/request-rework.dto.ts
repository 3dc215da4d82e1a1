import type { RequestReworkBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';

export class RequestReworkDto implements RequestReworkBody {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
