// UI primitives. Server and client components mixed; each file declares its own boundary.
export { cn } from "./cn";
export { Button, type ButtonProps } from "./button";
export { buttonClasses, type ButtonSize, type ButtonVariant } from "./button-classes";
export { Input, Select, type InputProps, type SelectOption, type SelectProps } from "./input";
export { Badge, type BadgeProps, type BadgeTone } from "./badge";
export { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./card";
export {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogError,
  DialogFooter,
  DialogFormActions,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  SimpleDialog,
} from "./dialog";
export {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "./dropdown-menu";
export { Checkbox, type CheckboxProps } from "./checkbox";
export {
  Tooltip,
  TooltipContent,
  TooltipProvider,
  TooltipRoot,
  TooltipTrigger,
  type TooltipProps,
} from "./tooltip";
export { Skeleton } from "./skeleton";
export { EmptyState, type EmptyStateProps } from "./empty-state";
export { Stat, type StatProps } from "./stat";
export { PageHeader, type PageHeaderProps } from "./page-header";
export { SegmentedLinks, type SegmentedLinkItem, type SegmentedLinksProps } from "./segmented-links";
