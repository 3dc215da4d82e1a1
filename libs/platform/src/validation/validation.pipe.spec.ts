import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ProblemException } from '../problems/problem.exception';
import { createValidationPipe } from './validation.pipe';
import { IsDecimalString } from './validators';

class ComplainantDto {
  @IsString() @Length(1, 100) name: string;
  @Matches(/^\+?[0-9][0-9 -]{4,19}$/) phone: string;
  @IsOptional() @IsString() unit?: string;
}

class ShareDto {
  @IsString() departmentId: string;
  @IsDecimalString({ maxPlaces: 4 }) share: string;
}

class CaseDto {
  @IsString() @Length(1, 200) subject: string;
  // ValidateNested alone lets an absent object through; IsObject makes it required.
  @IsObject() @ValidateNested() @Type(() => ComplainantDto) complainant: ComplainantDto;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ShareDto) responsibility?: ShareDto[];
  @IsOptional() @IsBoolean() urgent?: boolean;
}

const pipe = createValidationPipe();
const asBody: ArgumentMetadata = { type: 'body', metatype: CaseDto };
const valid = { subject: 'Leaking roof', complainant: { name: 'Li Wei', phone: '+86 138 0000 0000' } };

async function errorsOf(value: unknown, metadata: ArgumentMetadata = asBody) {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const { status, body } = (error as ProblemException).problem;
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    return body.errors;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('validation pipe', () => {
  it('passes a valid body through as a DTO instance, text untouched', async () => {
    const body = { ...valid, subject: '  spaces kept  ' };
    const result = await pipe.transform(body, asBody);
    expect(result).toBeInstanceOf(CaseDto);
    expect(result).toEqual(body);
  });

  it('names every offending field once, with dotted paths into nested objects and arrays', async () => {
    const errors = await errorsOf({
      subject: '',
      complainant: { name: 'Li Wei', phone: 'call me' },
      responsibility: [{ departmentId: 'd1', share: '0.5' }, { departmentId: 'd2', share: 0.5 }],
    });
    expect(errors).toEqual([
      { path: 'subject', message: 'subject must be longer than or equal to 1 characters' },
      { path: 'complainant.phone', message: expect.stringMatching(/^phone must match/) },
      { path: 'responsibility.1.share', message: 'share must be a non-negative decimal string with at most 4 decimal places' },
    ]);
  });

  it('refuses unknown properties, nested ones too', async () => {
    const errors = await errorsOf({ ...valid, priority: 'high', complainant: { ...valid.complainant, age: 40 } });
    expect(errors).toEqual([
      { path: 'priority', message: 'property priority should not exist' },
      { path: 'complainant.age', message: 'property age should not exist' },
    ]);
  });

  it('reports a missing nested object at its own path', async () => {
    expect(await errorsOf({ subject: 'x' })).toEqual([
      { path: 'complainant', message: 'complainant must be an object' },
    ]);
  });

  it('treats a missing body as an empty one', async () => {
    const errors = await errorsOf(undefined);
    expect(errors?.map((e) => e.path)).toEqual(['subject', 'complainant']);
  });

  it('does not convert types behind the client\'s back', async () => {
    expect(await errorsOf({ ...valid, urgent: 'true' })).toEqual([{ path: 'urgent', message: 'urgent must be a boolean value' }]);
  });

  it('refuses a body that is not the object its DTO expects', async () => {
    for (const body of [[valid], 'text', 42, null]) {
      expect(await errorsOf(body)).toEqual([{ path: '', message: 'the request body must be a JSON object' }]);
    }
  });

  it('applies the rules of any client value to queries and path parameters, beside their DTO’s', async () => {
    expect(await errorsOf({ q: '\u0000' }, { type: 'query', metatype: Object })).toEqual([
      { path: 'q', message: 'q must not contain a NUL character' },
    ]);
    expect(await errorsOf({ q: 'x\udfffy' }, { type: 'query', metatype: Object })).toEqual([
      { path: 'q', message: 'q must be valid Unicode (it holds an unpaired surrogate)' },
    ]);
    expect(await errorsOf('\u0000', { type: 'param', metatype: String, data: 'id' })).toEqual([
      { path: 'id', message: 'id must not contain a NUL character' },
    ]);
  });
});
