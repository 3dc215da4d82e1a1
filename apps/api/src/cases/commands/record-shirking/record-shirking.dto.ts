import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import type { RecordShirkingBody } from '@casebook/application';
import { IsClientId } from '@casebook/platform';

export class RecordShirkingDto implements RecordShirkingBody {
  @ApiProperty({ description: 'the staff member who passed the case off' }) @IsClientId() staffId: string;
  @ApiProperty() @IsString() @MinLength(1) description: string;
}
