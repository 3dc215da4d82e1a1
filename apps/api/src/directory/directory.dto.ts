import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
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

export class UpdateStaffDto {
  @ApiPropertyOptional() @IsOptional() @IsClientId() departmentId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayUnique() @IsClientId({ each: true }) siteIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
