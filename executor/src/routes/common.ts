import { errorResponse } from "agentcore-vpc-platform-contract";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Session } from "../sessions/session";
import type { SessionManager } from "../sessions/manager";

/** Error bodies every route may answer with. */
export const errorReplies = { "4xx": errorResponse, "5xx": errorResponse } as const;

export const sessionParams = z.object({ id: z.string() });
export const fileParams = z.object({ id: z.string(), "*": z.string() });

declare module "fastify" {
  interface FastifyRequest {
    /** The session a `/sessions/{id}…` request named and proved it may use (see `authenticate`). */
    executorSession: Session | null;
  }
}

/**
 * onRequest hook of every session route: 404 for an unknown session, 401 without its token. It runs before
 * the body is read, so an unauthorised upload is refused before a byte of it is stored.
 */
export function authenticate(manager: SessionManager) {
  return async (request: FastifyRequest): Promise<void> => {
    const { id } = request.params as { id: string };
    request.executorSession = manager.authorize(id, request.headers.authorization);
  };
}

/** The authenticated session of a request (set by `authenticate`). */
export function sessionOf(request: FastifyRequest): Session {
  const session = request.executorSession;
  if (!session) throw new Error("session route without the authenticate hook");
  return session;
}
