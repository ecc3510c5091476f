import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';

/**
 * The new member's long-lived card code as a QR (issue 14: the join-done screen mentioned a member
 * code but showed none). Only the kiosk client that created the member gets it (members.getJoinCardCode).
 */
export function MemberCardQr({ memberId }: { memberId: string }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void invoke('members.getJoinCardCode', { memberId }).then(async (envelope) => {
      if (!envelope.ok || !isCurrent) return;
      const markup = await QRCode.toString(envelope.value.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, width: 180 });
      if (isCurrent) setSvg(markup);
    });
    return () => {
      isCurrent = false;
    };
  }, [invoke, memberId]);
  if (svg === null) return null;
  return (
    <figure className="member-card-qr" data-testid="join-card-qr">
      {/* The SVG comes from the QR encoder, from a code of letters, digits, dots, - and _ only. */}
      <div dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="muted">{t('join.done.cardQr')}</figcaption>
    </figure>
  );
}
