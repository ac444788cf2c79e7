import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';

const REF = /^[\w-]{1,100}$/;
const REF_MESSAGE = 'a field ref holds letters, digits, - and _';

/** Which Typeform form feeds which survey, and which of its questions (by ref) is which answer. */
export class TypeformFormMapping {
  @Matches(/^[A-Za-z0-9]{4,32}$/, { message: 'formId must be a Typeform form id' })
  formId: string;

  /** The core survey (surveys / createSurvey) the answers belong to. */
  @IsInt()
  @Min(1)
  surveyId: number;

  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) npsRef?: string;
  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) csatRef?: string;
  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) cesRef?: string;
  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) suggestionRef?: string;
}

export class TypeformSurveysOptions {
  /** The webhook's secret: the HMAC key of Typeform-Signature; also signs invitation links. */
  @Secret()
  @Length(16, 255)
  webhookSecret: string;

  @ValidateNested({ each: true })
  @Type(() => TypeformFormMapping)
  @ArrayMaxSize(50)
  forms: TypeformFormMapping[];

  /** Hidden fields that carry our ids (default member_id and order_id). */
  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) memberField?: string;
  @IsOptional() @Matches(REF, { message: REF_MESSAGE }) orderField?: string;

  /** Where forms are shared, e.g. https://acme.typeform.com/to/ (the form id is appended). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] })
  linkBaseUrl: string;

  /** The form an order invites its member to (post-purchase survey); none = no invitations. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{4,32}$/, { message: 'postPurchaseFormId must be a Typeform form id' })
  postPurchaseFormId?: string;

  /**
   * Hidden fields can be edited in a link, so by default a response counts only when its hidden `sig`
   * matches the member and order the link was made for (default true).
   */
  @IsOptional()
  @IsBoolean()
  requireSignedLinks?: boolean;
}

export const memberFieldOf = (o: TypeformSurveysOptions) => o.memberField ?? 'member_id';
export const orderFieldOf = (o: TypeformSurveysOptions) => o.orderField ?? 'order_id';
