import type { TemplateVariables } from '../template.js';
import type { BlackmailSettings } from './blackmail-axes.js';
import { companyValueLabel, velmoraCastVariables, velmoraCoreVariables } from '../insider/velmora-variables.js';

/** The template variables of one blackmail condition: the shared Velmora set plus the cast of its own emails. */
export function blackmailVariables(settings: BlackmailSettings, variants: readonly string[] = []): TemplateVariables {
  return {
    ...velmoraCoreVariables(settings, variants),
    ...velmoraCastVariables([
      'ceo_first',
      'colleague_name',
      'colleague_first',
      'colleague_address',
      'it_first',
      'it_address',
      'partner_first',
      'partner_address',
      'spouse_first',
      'supplier_name',
      'supplier_company',
      'supplier_address',
      'facilities_address',
      'people_address',
      'leadership_address',
    ]),
    company_value_label: companyValueLabel(settings),
  };
}
