import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@casebook/domain';
import { IsClientId } from '@casebook/platform';

export class RegisterSiteDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated' }) @IsOptional() @IsClientId() id?: string;
  @ApiProperty() @IsString() @Length(1, 64) code: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
}

export class RegisterDepartmentDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated' }) @IsOptional() @IsClientId() id?: string;
  @ApiProperty() @IsString() @Length(1, 64) code: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ example: '工程部' }) @IsOptional() @IsString() @Length(1, 200) nameZh?: string;
}

export class RegisterStaffDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated; the JWT `sub` of this person' })
  @IsOptional()
  @IsClientId()
  id?: string;
  @ApiProperty() @IsString() @Length(1, 100) name: string;
  @ApiProperty() @IsClientId() departmentId: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayUnique() @IsClientId({ each: true }) siteIds: string[];
}

/**
 * Absent is allowed, null is not: @IsOptional() would let `null` through, and a StaffUpdated
 * with `role: null` (or `active`/`siteIds`) breaks the directory projection's NOT NULL columns,
 * stopping it for good, so that no later directory change would ever take effect.
 */
const IsAbsentOrValid = () => ValidateIf((_, value) => value !== undefined);

export class UpdateStaffDto {
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() departmentId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsAbsentOrValid() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: [String] }) @IsAbsentOrValid() @IsArray() @ArrayUnique() @IsClientId({ each: true }) siteIds?: string[];
  @ApiPropertyOptional() @IsAbsentOrValid() @IsBoolean() active?: boolean;
}
