// Mails of the trainings: convocation (.ics + ordre de mission PDF), waiting list, promotion,
// cancellation (.ics METHOD:CANCEL), reminder. Built here, queued by the caller in its transaction.
import { cancellationIcs, convocationIcs, sessionCalendarEvent, type CalendarParty } from "../domain/trainings/ics.ts";
import { missionOrder } from "../domain/trainings/mission-order.ts";
import { formatParisDateTime, formatParisSpan } from "../domain/trainings/paris-time.ts";
import { SLOT_LABELS, sessionSlot, type ClassHoursCalendar } from "../domain/trainings/slots.ts";
import { REGISTRATION_KIND_LABELS, TRAINING_KIND_LABELS, type RegistrationKind, type TrainingKind } from "../domain/trainings/types.ts";
import { renderPdf } from "../pdf/document.server.ts";
import type { OutgoingMail } from "./outbox.server.ts";
import { venueOf } from "./trainings.server.ts";
import { academyLabel, titleWithSubtitle } from "../domain/format/fr.ts";

export const ICS_DOMAIN = "plateforme-rupn.fr";

/** Everything a training mail needs, loaded by the registration service. */
export type MailContext = {
  registration: { id: string; kind: RegistrationKind; icsSequence: number };
  session: {
    id: string;
    startsAt: Date;
    endsAt: Date;
    venueMode: "IN_PERSON" | "REMOTE";
    address: string | null;
    remoteUrl: string | null;
    registrationDeadline: Date | null;
    course: { id: string; title: string; kind: TrainingKind; academy: { name: string } };
  };
  user: { firstName: string; lastName: string; email: string };
  establishment: { name: string; uai: string; commune: string | null } | null;
  /** Class hours of the académie around the session (zone holidays, public holidays): the slot named in mails. */
  classHours: ClassHoursCalendar;
};

function senderAddress(): string {
  const from = process.env.MAIL_FROM ?? "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>";
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

function organizer(ctx: MailContext): CalendarParty {
  return { name: `DANE de l'${academyLabel(ctx.session.course.academy.name)}`, email: senderAddress() };
}

export function appUrl(): string {
  return (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

function calendarEvent(ctx: MailContext, now: Date) {
  return sessionCalendarEvent({
    session: {
      title: ctx.session.course.title,
      trainingKind: ctx.session.course.kind,
      startsAt: ctx.session.startsAt,
      endsAt: ctx.session.endsAt,
      venue: venueOf(ctx.session),
    },
    registration: { id: ctx.registration.id, kind: ctx.registration.kind },
    attendee: { name: `${ctx.user.firstName} ${ctx.user.lastName}`, email: ctx.user.email },
    organizer: organizer(ctx),
    domain: ICS_DOMAIN,
    sequence: ctx.registration.icsSequence,
    dtstamp: now,
  });
}

function details(ctx: MailContext): string[] {
  const s = ctx.session;
  const venue = venueOf(s);
  return [
    `Formation : ${titleWithSubtitle(TRAINING_KIND_LABELS[s.course.kind], s.course.title)}`,
    `Date : ${formatParisSpan(s.startsAt, s.endsAt)} (heure de Paris)`,
    `Créneau : ${SLOT_LABELS[sessionSlot(s.startsAt, s.endsAt, ctx.classHours)].toLowerCase()}`,
    venue.mode === "IN_PERSON" ? `Lieu : ${venue.address}` : `Lien de la classe virtuelle : ${venue.url}`,
    `Modalité : ${REGISTRATION_KIND_LABELS[ctx.registration.kind]}`,
  ];
}

/** The ordre de mission of a confirmed registration, as a PDF. */
export async function missionOrderPdf(ctx: MailContext, now: Date): Promise<Buffer> {
  const order = missionOrder({
    person: { firstName: ctx.user.firstName, lastName: ctx.user.lastName, email: ctx.user.email },
    establishment: ctx.establishment ? { name: ctx.establishment.name, uai: ctx.establishment.uai, city: ctx.establishment.commune ?? "" } : null,
    session: {
      id: ctx.session.id,
      title: ctx.session.course.title,
      trainingKind: ctx.session.course.kind,
      startsAt: ctx.session.startsAt,
      endsAt: ctx.session.endsAt,
      venue: venueOf(ctx.session),
      cancelled: false,
    },
    registration: { id: ctx.registration.id, kind: ctx.registration.kind, status: "REGISTERED" },
    issuer: { name: `DANE de l'${academyLabel(ctx.session.course.academy.name)}`, city: ctx.session.course.academy.name },
    issuedAt: now,
    classHours: ctx.classHours,
  });
  return renderPdf({
    header: `Ministère de l'Éducation nationale — ${order.issuer}`,
    title: order.title,
    subtitle: `Référence ${order.reference}`,
    sections: order.sections,
    closing: [order.issuedAtLabel, order.issuer],
    subject: titleWithSubtitle(order.title, order.training.title),
  });
}

/** Convocation: details, the event (.ics, METHOD:REQUEST) and the ordre de mission (PDF). */
export async function convocationMail(ctx: MailContext, now: Date, promoted = false): Promise<OutgoingMail> {
  const ics = convocationIcs(calendarEvent(ctx, now));
  const pdf = await missionOrderPdf(ctx, now);
  const text = [
    `Bonjour ${ctx.user.firstName},`,
    "",
    promoted
      ? "Une place s'est libérée : vous passez de la liste d'attente à la liste des inscrits. Votre inscription est confirmée."
      : "Votre inscription est confirmée. Vous êtes convoqué·e à la session suivante :",
    "",
    ...details(ctx),
    "",
    "Vous trouverez en pièces jointes l'invitation à ajouter à votre agenda (convocation.ics) et votre ordre de mission (PDF).",
    `En cas d'empêchement, annulez votre inscription pour libérer la place : ${appUrl()}/formations/${ctx.session.course.id}`,
    "",
    `La DANE de l'${academyLabel(ctx.session.course.academy.name)}`,
  ].join("\n");
  return {
    kind: promoted ? "training-promotion" : "training-convocation",
    to: ctx.user.email,
    subject: promoted ? `Place libérée : vous êtes inscrit·e à « ${ctx.session.course.title} »` : `Convocation : ${ctx.session.course.title}`,
    text,
    attachments: [
      { filename: "convocation.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST", contentBase64: Buffer.from(ics, "utf8").toString("base64") },
      { filename: `ordre-de-mission-${ctx.registration.id}.pdf`, contentType: "application/pdf", contentBase64: pdf.toString("base64") },
    ],
  };
}

export function waitlistMail(ctx: MailContext, position: number): OutgoingMail {
  return {
    kind: "training-waitlist",
    to: ctx.user.email,
    subject: `Liste d'attente : ${ctx.session.course.title}`,
    text: [
      `Bonjour ${ctx.user.firstName},`,
      "",
      `La session est complète : vous êtes sur la liste d'attente, en position ${position}. Si une place se libère, vous serez inscrit·e automatiquement et recevrez votre convocation.`,
      "Tant que vous êtes sur la liste d'attente, ce créneau vous est réservé : vous ne pouvez pas vous inscrire à une autre session au même horaire.",
      "",
      ...details(ctx),
    ].join("\n"),
  };
}

/** To the person whose registration ends; a confirmed one also gets the calendar cancellation. */
export function cancellationMail(ctx: MailContext, wasRegistered: boolean, now: Date, reason: string): OutgoingMail {
  return {
    kind: "training-cancellation",
    to: ctx.user.email,
    subject: `Annulation : ${ctx.session.course.title}`,
    text: [`Bonjour ${ctx.user.firstName},`, "", reason, "", ...details(ctx)].join("\n"),
    attachments: wasRegistered
      ? [
          {
            filename: "annulation.ics",
            contentType: "text/calendar; charset=utf-8; method=CANCEL",
            contentBase64: Buffer.from(cancellationIcs(calendarEvent(ctx, now)), "utf8").toString("base64"),
          },
        ]
      : undefined,
  };
}

export function reminderMail(ctx: MailContext): OutgoingMail {
  return {
    kind: "training-reminder",
    to: ctx.user.email,
    subject: `Rappel : ${ctx.session.course.title}, demain`,
    text: [`Bonjour ${ctx.user.firstName},`, "", "Pour rappel, vous êtes inscrit·e à la session de demain :", "", ...details(ctx)].join("\n"),
  };
}

export function deadlineLabel(deadline: Date | null): string {
  return deadline ? `jusqu'au ${formatParisDateTime(deadline)}` : "jusqu'au début de la session";
}
