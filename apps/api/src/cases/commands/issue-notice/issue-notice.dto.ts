import type { IssueNoticeBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { NOTICE_KINDS, type NoticeKind } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';

export class IssueNoticeDto implements IssueNoticeBody {
  @ApiProperty({ enum: NOTICE_KINDS }) @IsIn(NOTICE_KINDS) kind: NoticeKind;
  @ApiProperty({ description: 'the department criticised or commended' }) @IsClientId() departmentId: string;
  @ApiPropertyOptional({ description: 'a staff member of that department' }) @IsAbsentOrValid() @IsClientId() staffId?: string;
  @ApiProperty() @IsString() @MinLength(1) text: string;
}
