import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsString, Length } from 'class-validator';
import { ROLES, type Role } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';

export class RegisterSiteDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated' }) @IsAbsentOrValid() @IsClientId() id?: string;
  @ApiProperty() @IsString() @Length(1, 64) code: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
}

export class RegisterDepartmentDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated' }) @IsAbsentOrValid() @IsClientId() id?: string;
  @ApiProperty() @IsString() @Length(1, 64) code: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional({ example: '工程部' }) @IsAbsentOrValid() @IsString() @Length(1, 200) nameZh?: string;
}

export class RegisterStaffDto {
  @ApiPropertyOptional({ description: 'chosen by the client, or generated; the JWT `sub` of this person' })
  @IsAbsentOrValid()
  @IsClientId()
  id?: string;
  @ApiProperty() @IsString() @Length(1, 100) name: string;
  @ApiProperty() @IsClientId() departmentId: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayUnique() @IsClientId({ each: true }) siteIds: string[];
}

export class UpdateStaffDto {
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() departmentId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsAbsentOrValid() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: [String] }) @IsAbsentOrValid() @IsArray() @ArrayUnique() @IsClientId({ each: true }) siteIds?: string[];
  @ApiPropertyOptional() @IsAbsentOrValid() @IsBoolean() active?: boolean;
}
