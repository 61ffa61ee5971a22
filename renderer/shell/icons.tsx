// Line icons for the rail, drawn inline so the app needs no icon font or network. 20×20, currentColor.

import type { ReactNode } from 'react'
import type { ScreenId } from './screens'

function Icon({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <svg
      className="icon"
      width="20"
      height="20"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  )
}

export function ScreenIcon({ screen }: Readonly<{ screen: ScreenId }>) {
  switch (screen) {
    case 'data':
      return (
        <Icon>
          <rect x="3" y="4" width="14" height="12" rx="2" />
          <circle cx="7.5" cy="8.5" r="1.5" />
          <path d="M3.5 14.5l4-4 3 3 2-2 4 4" />
        </Icon>
      )
    case 'model':
      return (
        <Icon>
          <rect x="2.5" y="5" width="3" height="10" rx="1" />
          <rect x="8.5" y="6.5" width="3" height="7" rx="1" />
          <rect x="14.5" y="8.5" width="3" height="3" rx="1" />
          <path d="M5.5 10h3M11.5 10h3" />
        </Icon>
      )
    case 'train':
      return (
        <Icon>
          <path d="M3 16h14" />
          <path d="M4 5c2 7 4 8.5 6 9s4-.5 6-1" />
        </Icon>
      )
  }
}

export function LogoMark() {
  return (
    <svg className="logo" width="26" height="26" viewBox="0 0 26 26" aria-hidden="true">
      <rect x="1" y="1" width="24" height="24" rx="6" className="logo-back" />
      <rect x="6" y="6" width="8" height="8" rx="1.5" className="logo-front" />
      <rect x="12" y="12" width="8" height="8" rx="1.5" className="logo-front logo-faded" />
    </svg>
  )
}
